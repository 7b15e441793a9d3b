/**
 * The desktop app's persisted settings: {@link org.qsfs.app.settings.Settings} (a plain DTO,
 * JSON, versioned, unknown fields kept), {@link org.qsfs.app.settings.SettingsStore} (atomic
 * writes) and {@link org.qsfs.app.settings.AppDirs} (the OS's config and data directories).
 * The observable model the windows bind to is separate (org.qsfs.app.ui).
 */
package org.qsfs.app.settings;
