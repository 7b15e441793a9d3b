/** The volume as a drive: the MountService SPI and its FUSE and Dokany implementations. */
package org.qsfs.mount;
