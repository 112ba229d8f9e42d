#ifndef LIBYAML_SCAN_H
#define LIBYAML_SCAN_H

#include <stddef.h>
#include <stdint.h>

/// Parses `length` bytes with libyaml's event parser until STREAM_END, deleting every event.
/// Returns the number of events, or -1 when libyaml reports an error. This is the floor: a
/// loader built on libyaml cannot do less work than this.
int64_t libyaml_scan_events(const unsigned char *bytes, size_t length);

/// Reads the file at `path` and scans it as `libyaml_scan_events` does; -1 on any error.
int64_t libyaml_scan_file(const char *path);

#endif
