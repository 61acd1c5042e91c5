// Package h5 writes and reads HDF5 files in pure Go.
//
// The writer produces the classic layout that every HDF5 reader since 1.8 understands:
// a version-0 superblock, version-1 object headers, symbol-table groups (v1 B-tree plus
// local heap), contiguous datasets, and chunked datasets indexed by a v1 B-tree with
// optional shuffle and deflate filters. String attributes are variable-length UTF-8
// strings in the global heap, so h5py returns them as Python str.
//
// The reader accepts what h5py writes by default and the newer structures of
// libver='latest' where they are simple (superblock v2/v3, "OHDR" object headers,
// compact link-message groups, single-chunk, implicit and fixed-array chunk indexes);
// anything else (dense link or attribute storage, extensible-array and v2 B-tree chunk
// indexes, compound types, filters other than deflate, shuffle and fletcher32) is
// reported as an error naming the file, the object path and the unsupported feature.
// Every length read from a file is checked against the file size before allocating.
package h5
