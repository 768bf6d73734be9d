namespace Orchestrator.Rag.Vectors;

/// <summary>Eigen-decomposition of a small dense symmetric matrix by cyclic Jacobi rotations (a few hundred dimensions).</summary>
internal static class SymmetricEigen
{
    /// <summary>Decomposes the symmetric <paramref name="n"/> x <paramref name="n"/> row-major <paramref name="matrix"/>.</summary>
    /// <param name="matrix">The matrix (copied, not changed).</param>
    /// <param name="n">Its order.</param>
    /// <returns>The eigenvalues (unsorted) and the eigenvectors as the columns of a row-major matrix, in the same order.</returns>
    public static (double[] Values, double[] Vectors) Decompose(double[] matrix, int n)
    {
        var a = (double[])matrix.Clone();
        var v = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            v[(i * n) + i] = 1;
        }

        for (var sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, diagonal = 0;
            for (var i = 0; i < n; i++)
            {
                diagonal += a[(i * n) + i] * a[(i * n) + i];
                for (var j = i + 1; j < n; j++)
                {
                    off += a[(i * n) + j] * a[(i * n) + j];
                }
            }

            if (off <= 1e-22 * diagonal)
            {
                break;
            }

            for (var p = 0; p < n - 1; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    var apq = a[(p * n) + q];
                    if (Math.Abs(apq) < 1e-300)
                    {
                        continue;
                    }

                    // The rotation that zeroes a[p, q] (Golub and Van Loan, algorithm 8.4.1).
                    var theta = (a[(q * n) + q] - a[(p * n) + p]) / (2 * apq);
                    var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    if (theta == 0)
                    {
                        t = 1;
                    }

                    var c = 1 / Math.Sqrt((t * t) + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        var akp = a[(k * n) + p];
                        var akq = a[(k * n) + q];
                        a[(k * n) + p] = (c * akp) - (s * akq);
                        a[(k * n) + q] = (s * akp) + (c * akq);
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var apk = a[(p * n) + k];
                        var aqk = a[(q * n) + k];
                        a[(p * n) + k] = (c * apk) - (s * aqk);
                        a[(q * n) + k] = (s * apk) + (c * aqk);
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var vkp = v[(k * n) + p];
                        var vkq = v[(k * n) + q];
                        v[(k * n) + p] = (c * vkp) - (s * vkq);
                        v[(k * n) + q] = (s * vkp) + (c * vkq);
                    }
                }
            }
        }

        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = a[(i * n) + i];
        }

        return (values, v);
    }
}
