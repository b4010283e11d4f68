#!/usr/bin/python3
"""NumPy baseline for the encode benchmark: one-hot encoding and uniform masking of DNA sequences.

Reads the sequences (one per line) from the file given as the first argument (and, third, the same
sequences as a split table CSV) and prints one JSON
line with the seconds and rows/s of each operation (best of --repeat runs). The operations do what
stimulus' TextOneHot (alphabet ACGT, case upper, F32 output, unknown characters as zero vectors)
and UniformTextMasker (each character replaced by the mask with a probability) do.
"""
import csv
import io
import json
import sys
import time

import numpy as np


def one_hot(seqs, length):
    # str -> uint8 codes (padded with 0), upper case, lookup to 0..3 or -1, then F32 one-hot.
    codes = np.zeros((len(seqs), length), dtype=np.uint8)
    raw = np.frombuffer("".join(seqs).upper().encode("ascii"), dtype=np.uint8)
    codes[:, :] = raw.reshape(len(seqs), length)  # equal lengths in this benchmark
    table = np.full(256, -1, dtype=np.int64)
    for i, c in enumerate(b"ACGT"):
        table[c] = i
    idx = table[codes]
    eye = np.vstack([np.eye(4, dtype=np.float32), np.zeros((1, 4), dtype=np.float32)])
    return eye[idx]  # idx -1 picks the zero row


def mask(seqs, length, probability, rng):
    codes = np.frombuffer("".join(seqs).encode("ascii"), dtype=np.uint8).reshape(len(seqs), length)
    hit = rng.random(codes.shape) < probability
    masked = np.where(hit, np.uint8(ord("N")), codes)
    flat = masked.tobytes().decode("ascii")
    return [flat[i * length:(i + 1) * length] for i in range(len(seqs))]


def mask_table(table_bytes, probability, rng):
    # What the UniformTextMasker stage does end to end: parse the split table (row_id, fold,
    # sequence), mask the sequence column, write the table back as CSV.
    rows = list(csv.reader(io.StringIO(table_bytes.decode("utf-8"))))
    header, body = rows[0], rows[1:]
    col = header.index("sequence")
    seqs = [r[col] for r in body]
    length = len(seqs[0])
    for r, m in zip(body, mask(seqs, length, probability, rng)):
        r[col] = m
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(body)
    return out.getvalue().encode("utf-8")


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main():
    path = sys.argv[1]
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with open(path) as f:
        seqs = [line.rstrip("\n") for line in f if line.strip()]
    length = len(seqs[0])
    rng = np.random.default_rng(1)
    t_onehot, x = best(lambda: one_hot(seqs, length), repeat)
    t_mask, m = best(lambda: mask(seqs, length, 0.1, rng), repeat)
    t_table = float("nan")
    if len(sys.argv) > 3:
        with open(sys.argv[3], "rb") as f:
            table = f.read()
        t_table, _ = best(lambda: mask_table(table, 0.1, rng), repeat)
    masked_share = sum(s.count("N") for s in m) / (len(m) * length)
    print(json.dumps({
        "rows": len(seqs), "length": length, "numpy": np.__version__,
        "onehot_s": t_onehot, "onehot_rows_per_s": len(seqs) / t_onehot, "onehot_sum": float(x.sum()),
        "mask_s": t_mask, "mask_rows_per_s": len(seqs) / t_mask, "masked_share": masked_share,
        "mask_table_s": t_table, "mask_table_rows_per_s": len(seqs) / t_table,
    }))


if __name__ == "__main__":
    main()
