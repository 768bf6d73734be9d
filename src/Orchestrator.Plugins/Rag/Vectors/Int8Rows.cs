using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Orchestrator.Rag.Vectors;

/// <summary>
/// An int8 copy of an index's rows (one symmetric scale per row) for a cheap first pass over every row: a quarter of
/// the bytes of the float rows, so a scan reads a quarter of the memory. Every approximate score comes with a bound on
/// its distance to the float score <see cref="System.Numerics.Tensors.TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>
/// gives, so the first pass can rule rows out of an exact top k without changing it.
/// </summary>
internal sealed class Int8Rows
{
    // Rounding of a float dot product of n terms, in any order, with or without fused multiply-adds, is at most
    // n * 2^-24 / (1 - n * 2^-24) times the sum of |products|; (n + 2) * 2^-23 is more than twice that.
    private const double FloatUnit = 1.0 / (1 << 23);

    private sbyte[] _codes = [];
    private float[] _scales = [];
    private float[] _residuals = [];
    private float[] _codeNorms = [];
    private float[] _norms = [];
    private int _dimensions;

    /// <summary>Grows the storage to hold <paramref name="rows"/> rows of <paramref name="dimensions"/> values, keeping the rows held.</summary>
    public void EnsureCapacity(int rows, int dimensions)
    {
        _dimensions = dimensions;
        if (_scales.Length >= rows)
        {
            return;
        }

        Array.Resize(ref _codes, rows * dimensions);
        Array.Resize(ref _scales, rows);
        Array.Resize(ref _residuals, rows);
        Array.Resize(ref _codeNorms, rows);
        Array.Resize(ref _norms, rows);
    }

    /// <summary>Quantizes <paramref name="vector"/> into <paramref name="row"/> and records what bounds its error.</summary>
    public void Set(int row, ReadOnlySpan<float> vector)
    {
        var max = 0f;
        foreach (var value in vector)
        {
            max = MathF.Max(max, MathF.Abs(value));
        }

        // The bounds are measured against the float scale Score multiplies by.
        var scale = max / 127f;
        var codes = _codes.AsSpan(row * _dimensions, _dimensions);
        double residual = 0, codeNorm = 0, norm = 0;
        for (var i = 0; i < vector.Length; i++)
        {
            var code = scale == 0 || !float.IsFinite(scale) ? 0 : Math.Clamp(Math.Round(vector[i] / (double)scale), -127, 127);
            codes[i] = (sbyte)code;
            var approximate = code * scale;
            residual += (vector[i] - approximate) * (vector[i] - approximate);
            codeNorm += approximate * approximate;
            norm += (double)vector[i] * vector[i];
        }

        _scales[row] = float.IsFinite(scale) ? scale : 0;
        _residuals[row] = RoundUp(Math.Sqrt(residual));
        _codeNorms[row] = RoundUp(Math.Sqrt(codeNorm));
        _norms[row] = RoundUp(Math.Sqrt(norm));
    }

    /// <summary>Copies row <paramref name="from"/> over row <paramref name="to"/>.</summary>
    public void Move(int from, int to)
    {
        _codes.AsSpan(from * _dimensions, _dimensions).CopyTo(_codes.AsSpan(to * _dimensions, _dimensions));
        _scales[to] = _scales[from];
        _residuals[to] = _residuals[from];
        _codeNorms[to] = _codeNorms[from];
        _norms[to] = _norms[from];
    }

    /// <summary>Quantizes a query to 16-bit integers, small enough that a whole row's integer dot product cannot overflow.</summary>
    public static Query Encode(ReadOnlySpan<float> query)
    {
        var limit = (int)Math.Min(short.MaxValue, int.MaxValue / (127L * Math.Max(1, query.Length)));
        var max = 0d;
        double norm = 0;
        foreach (var value in query)
        {
            max = Math.Max(max, Math.Abs(value));
            norm += (double)value * value;
        }

        var scale = max / limit;
        var codes = new short[query.Length];
        double residual = 0;
        for (var i = 0; i < query.Length; i++)
        {
            var code = scale == 0 || !double.IsFinite(scale) ? 0 : Math.Clamp(Math.Round(query[i] / scale), -limit, limit);
            codes[i] = (short)code;
            residual += (query[i] - (code * scale)) * (query[i] - (code * scale));
        }

        return new Query(codes, double.IsFinite(scale) ? scale : 0, Math.Sqrt(norm) * (1 + 1e-9), Math.Sqrt(residual) * (1 + 1e-9));
    }

    /// <summary>
    /// Returns the approximate score of <paramref name="row"/>; the float dot product of the query with the row's float
    /// vector is within <paramref name="error"/> of it.
    /// </summary>
    public double Score(in Query query, int row, out double error)
    {
        var dot = Dot(_codes.AsSpan(row * _dimensions, _dimensions), query.Codes);
        var approximate = dot * (double)_scales[row] * query.Scale;

        // Float query . row = query . dequantized row + query . row residual (Cauchy-Schwarz bounds it), and the integer
        // query differs from the float one by its own residual; plus the float rounding of the exact scan.
        error = (query.Norm * _residuals[row]) + (query.Residual * _codeNorms[row])
            + ((_dimensions + 2) * FloatUnit * query.Norm * _norms[row])
            + (1e-12 * Math.Abs(approximate)) + 1e-30;
        return approximate;
    }

    private static float RoundUp(double value) => (float)(value * (1 + 1e-6));

    // Exact: every product is at most 127 * limit and Encode keeps n of them under int.MaxValue.
    private static int Dot(ReadOnlySpan<sbyte> codes, ReadOnlySpan<short> query)
    {
        var i = 0;
        var sum = 0;
        ref var c = ref MemoryMarshal.GetReference(codes);
        ref var q = ref MemoryMarshal.GetReference(query);
        if (Avx512BW.IsSupported && codes.Length >= 64)
        {
            var acc = Vector512<int>.Zero;
            for (; i <= codes.Length - 64; i += 64)
            {
                var (low, high) = Vector512.Widen(Vector512.LoadUnsafe(ref c, (nuint)i));
                acc += Avx512BW.MultiplyAddAdjacent(low, Vector512.LoadUnsafe(ref q, (nuint)i));
                acc += Avx512BW.MultiplyAddAdjacent(high, Vector512.LoadUnsafe(ref q, (nuint)(i + 32)));
            }

            sum = Vector512.Sum(acc);
        }
        else if (Avx2.IsSupported && codes.Length >= 32)
        {
            var acc = Vector256<int>.Zero;
            for (; i <= codes.Length - 32; i += 32)
            {
                var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref c, (nuint)i));
                acc += Avx2.MultiplyAddAdjacent(low, Vector256.LoadUnsafe(ref q, (nuint)i));
                acc += Avx2.MultiplyAddAdjacent(high, Vector256.LoadUnsafe(ref q, (nuint)(i + 16)));
            }

            sum = Vector256.Sum(acc);
        }

        for (; i < codes.Length; i++)
        {
            sum += codes[i] * query[i];
        }

        return sum;
    }

    /// <summary>A query quantized by <see cref="Encode"/>.</summary>
    /// <param name="Codes">The 16-bit codes.</param>
    /// <param name="Scale">The value of one code step.</param>
    /// <param name="Norm">The query's Euclidean norm (rounded up).</param>
    /// <param name="Residual">The norm of the query minus its dequantized codes (rounded up).</param>
    internal readonly record struct Query(short[] Codes, double Scale, double Norm, double Residual);
}
