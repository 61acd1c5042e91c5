#!/usr/bin/python3
"""Writes the h5py-made files that warpkit's HDF5 reader is tested and fuzzed against.

Run once with Debian's /usr/bin/python3 (python3-h5py, python3-numpy) from this folder:
    /usr/bin/python3 make_h5py_files.py
The files are committed; tests compare warpkit's reading of them with h5py's (dump_h5.py).
Values come from fixed formulas, not random draws, so rerunning gives the same numbers.
"""
import h5py
import numpy as np


def attrs_of_all_kinds(obj):
    obj.attrs["vlen_str"] = "héllo wörld"
    obj.attrs["vlen_str_array"] = np.array(["a", "", "ccc"], dtype=h5py.string_dtype())
    obj.attrs["fixed_str"] = np.bytes_("fixed")
    obj.attrs["fixed_str_array"] = np.array([b"ab", b"cde"], dtype="S4")
    obj.attrs["f64"] = 2.5
    obj.attrs["f32_array"] = np.array([1.5, -2.25], dtype="<f4")
    obj.attrs["i64"] = np.int64(-7)
    obj.attrs["i32_array"] = np.array([1, -2, 3], dtype="<i4")
    obj.attrs["u8_array"] = np.array([0, 255], dtype="u1")
    obj.attrs["be_f64"] = np.array([1.25, -3.5], dtype=">f8")
    obj.attrs["matrix"] = np.arange(6, dtype="<f8").reshape(2, 3) / 4


def numbers(n, scale=1.0):
    i = np.arange(n, dtype=np.float64)
    return np.sin(0.37 * i) * scale + 0.01 * i


with h5py.File("h5py_contiguous.h5", "w") as f:
    attrs_of_all_kinds(f)
    f.create_dataset("f64", data=numbers(24).reshape(2, 3, 4))
    f.create_dataset("f32", data=numbers(10).astype("<f4"))
    f.create_dataset("i64", data=np.arange(-5, 5, dtype="<i8"))
    f.create_dataset("i32", data=np.arange(12, dtype="<i4").reshape(3, 4) - 6)
    f.create_dataset("i16", data=np.array([-32768, 0, 32767], dtype="<i2"))
    f.create_dataset("u8", data=np.array([0, 1, 200, 255], dtype="u1"))
    f.create_dataset("u64", data=np.array([0, 1, 2**53], dtype="<u8"))
    f.create_dataset("be_f64", data=numbers(5, 3).astype(">f8"))
    f.create_dataset("be_i32", data=np.array([-1, 2, -300000], dtype=">i4"))
    f.create_dataset("scalar", data=np.float64(6.75))
    f.create_dataset("empty", shape=(0,), dtype="<f8")
    f.create_dataset("vlen_strings", data=np.array(["x", "yy", ""], dtype=h5py.string_dtype()))
    f.create_dataset("fixed_strings", data=np.array([b"one", b"three"], dtype="S5"))
    g = f.create_group("train/inner")
    attrs_of_all_kinds(g)
    g.create_dataset("x", data=numbers(6))
    g["loop"] = f["train"]  # a hard link back to an ancestor: legal, and a cycle
    many = f.create_group("many")
    for k in range(20):  # more members than one symbol-table node holds
        many.create_dataset("d%02d" % k, data=np.array([k], dtype="<i4"))
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_layout(h5py.h5d.COMPACT)
    space = h5py.h5s.create_simple((4,))
    dsid = h5py.h5d.create(f.id, b"compact", h5py.h5t.IEEE_F64LE, space, dcpl=dcpl)
    dsid.write(h5py.h5s.ALL, h5py.h5s.ALL, numbers(4))

with h5py.File("h5py_chunked.h5", "w") as f:
    f.create_dataset("gzip", data=numbers(60).reshape(6, 10), chunks=(4, 3), compression="gzip")
    f.create_dataset("shuffle_gzip", data=numbers(60).reshape(6, 10), chunks=(4, 4),
                     compression="gzip", compression_opts=9, shuffle=True)
    f.create_dataset("f32_gzip", data=numbers(33).astype("<f4"), chunks=(8,), compression="gzip")
    f.create_dataset("i16_shuffle", data=np.arange(-20, 20, dtype="<i2"), chunks=(7,), shuffle=True)
    f.create_dataset("plain_chunks", data=numbers(24).reshape(2, 3, 4), chunks=(1, 2, 3))
    # 150 chunks: more than one v1 B-tree node holds, so the index has two levels.
    f.create_dataset("deep", data=np.arange(300, dtype="<i4"), chunks=(2,))
    f.create_dataset("sparse", shape=(10,), dtype="<f8", chunks=(2,))[4:6] = [1.5, 2.5]
    f.create_dataset("fletcher", data=numbers(8), chunks=(4,), fletcher32=True)
    f.create_dataset("sparse_fill", shape=(3, 4), dtype="<f4", chunks=(2, 2), fillvalue=-1.5)[0, 0] = 9
    f.create_dataset("unwritten_fill", shape=(3,), dtype="<i4", fillvalue=-7)

with h5py.File("h5py_latest.h5", "w", libver="latest") as f:
    f.attrs["title"] = "latest format"
    f.attrs["n"] = np.int64(3)
    f.create_dataset("contiguous", data=numbers(12).reshape(3, 4))
    f.create_dataset("single_chunk", data=numbers(6), chunks=(6,), compression="gzip")
    f.create_dataset("fixed_array", data=numbers(40).reshape(4, 10), chunks=(2, 3), compression="gzip")
    f.create_dataset("fixed_array_plain", data=np.arange(20, dtype="<i8"), chunks=(3,))
    f.create_dataset("sparse_fill", shape=(4,), dtype="<f8", chunks=(2,), fillvalue=2.5)[0] = 1
    g = f.create_group("group")
    g.attrs["kind"] = "nested"
    g.create_dataset("x", data=np.arange(3, dtype="<f4"))

# Extensible-array chunk indexes (one unlimited dimension, libver='latest'): past the
# index block into a secondary block, an unlimited dimension that is not the first,
# filtered chunks, and a chunk never written.
with h5py.File("h5py_earray.h5", "w", libver="latest") as f:
    f.create_dataset("ext_long", data=np.arange(300, dtype="<i2"), maxshape=(None,), chunks=(1,))
    f.create_dataset("ext_second", data=numbers(150).reshape(3, 50), maxshape=(3, None), chunks=(2, 4))
    f.create_dataset("ext_gzip", data=numbers(40), maxshape=(None,), chunks=(3,), compression="gzip")
    f.create_dataset("ext_sparse", shape=(20,), maxshape=(None,), chunks=(2,), dtype="<f8", fillvalue=4.5)[7] = 1
    # Two unlimited dimensions: a v2 B-tree chunk index, plain and filtered.
    f.create_dataset("bt2", data=numbers(30).reshape(5, 6), maxshape=(None, None), chunks=(2, 4))
    f.create_dataset("bt2_gzip", data=numbers(400).reshape(20, 20), maxshape=(None, None), chunks=(3, 2),
                     compression="gzip", shuffle=True)

with h5py.File("h5py_userblock.h5", "w", userblock_size=512) as f:
    f.attrs["note"] = "after a 512-byte user block"
    f.create_dataset("x", data=numbers(5))
    f.create_dataset("resizable", data=numbers(7), maxshape=(None,), chunks=(3,))

# Features the reader reports as unsupported, each in its own object.
with h5py.File("h5py_unsupported.h5", "w", libver="latest") as f:
    f.create_dataset("opaque", data=np.void(b"\x01\x02"))
    f.create_dataset("compound", data=np.array([(1, 2.0)], dtype=[("a", "<i4"), ("b", "<f8")]))

# Dense storage (fractal heap plus v2 B-tree name index): groups with more than 8 links
# and objects with more than 8 attributes under libver='latest'. Enough entries that
# the heap grows an indirect block and the B-tree an internal node.
with h5py.File("h5py_dense.h5", "w", libver="latest") as f:
    g = f.create_group("dense_links")
    for k in range(40):
        g.create_group("g%02d" % k)
    for k in range(250):  # soft links name no object but fill the heap and index
        g["soft%03d" % k] = h5py.SoftLink("/dense_links/g00")
    d = f.create_dataset("dense_attrs", data=numbers(2))
    for k in range(60):
        d.attrs["num%02d" % k] = numbers(k % 7 + 1, k)
        d.attrs["str%02d" % k] = "value %d " % k * (k % 5 + 1)
