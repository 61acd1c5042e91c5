// Package h5 writes and reads HDF5 files in pure Go.
//
// The writer produces the classic layout that every HDF5 reader since 1.8 understands:
// a version-0 superblock, version-1 object headers, symbol-table groups (v1 B-tree plus
// local heap), contiguous datasets, and chunked datasets indexed by a v1 B-tree with
// optional shuffle and deflate filters. String attributes are variable-length UTF-8
// strings in the global heap, so h5py returns them as Python str.
//
// The reader accepts what h5py writes by default and most of what libver='latest'
// writes: superblock v2/v3, "OHDR" object headers, compact and dense (fractal heap plus
// v2 B-tree) links and attributes, and every chunk index (single chunk, implicit,
// fixed array, extensible array, v2 B-tree). Anything else (huge or filtered fractal
// heap objects; compound, array, opaque and reference types; filters other than
// deflate, shuffle and fletcher32) is reported as an error naming the file, the object
// path and the unsupported feature. Every length read from a file is checked against
// the file size before allocating.
package h5
