#ifndef CATALOG_CWRITEBACK_H
#define CATALOG_CWRITEBACK_H

/// Starts writing `fd`'s dirty pages to its device and returns without waiting for them
/// (sync_file_range with SYNC_FILE_RANGE_WRITE over the whole file, which Swift's Glibc module
/// does not expose). A hint only: it makes no data durable, it makes a later fsync shorter.
int catalog_start_writeback(int fd);

#endif
