/** The window that lists the kept versions of a file in the drive and brings one back. */
package org.qsfs.app.ui.versions;
