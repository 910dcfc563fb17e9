namespace LocalKernel.Bench;

/// <summary>
/// L2-regularised logistic regression by Newton's method (iteratively reweighted least squares), classes weighted to
/// count equally, features standardised while fitting and the coefficients returned on the raw scale. Hand-written:
/// a few features and a few thousand rows, where ML.NET would add a large dependency to the bench for one fit.
/// </summary>
internal static class LogisticFit
{
    public static (double[] Weights, double Bias) Fit(IReadOnlyList<double[]> rows, IReadOnlyList<bool> labels, double l2 = 1e-2, int iterations = 50)
    {
        int n = rows[0].Length;
        var mean = new double[n];
        var scale = new double[n];
        for (int j = 0; j < n; j++)
        {
            mean[j] = rows.Average(r => r[j]);
            scale[j] = Math.Sqrt(rows.Average(r => (r[j] - mean[j]) * (r[j] - mean[j])));
            scale[j] = scale[j] > 1e-12 ? scale[j] : 1;
        }

        int positives = labels.Count(l => l);
        double positiveWeight = labels.Count / (2.0 * Math.Max(1, positives));
        double negativeWeight = labels.Count / (2.0 * Math.Max(1, labels.Count - positives));
        var w = new double[n + 1]; // last = bias
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            var gradient = new double[n + 1];
            var hessian = new double[n + 1, n + 1];
            for (int i = 0; i < rows.Count; i++)
            {
                var x = Standardised(rows[i], mean, scale);
                double p = Sigmoid(Dot(w, x));
                double weight = labels[i] ? positiveWeight : negativeWeight;
                double error = weight * (p - (labels[i] ? 1 : 0));
                double curvature = weight * p * (1 - p);
                for (int a = 0; a <= n; a++)
                {
                    gradient[a] += error * x[a];
                    for (int b = 0; b <= n; b++)
                    {
                        hessian[a, b] += curvature * x[a] * x[b];
                    }
                }
            }

            for (int a = 0; a < n; a++)
            {
                gradient[a] += l2 * rows.Count * w[a];
                hessian[a, a] += l2 * rows.Count;
            }

            var step = Solve(hessian, gradient);
            for (int a = 0; a <= n; a++)
            {
                w[a] -= step[a];
            }

            if (step.Max(Math.Abs) < 1e-10)
            {
                break;
            }
        }

        var weights = new double[n];
        double bias = w[n];
        for (int j = 0; j < n; j++)
        {
            weights[j] = w[j] / scale[j];
            bias -= w[j] * mean[j] / scale[j];
        }

        return (weights, bias);
    }

    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-Math.Clamp(z, -40, 40)));

    private static double[] Standardised(double[] row, double[] mean, double[] scale)
    {
        var x = new double[row.Length + 1];
        for (int j = 0; j < row.Length; j++)
        {
            x[j] = (row[j] - mean[j]) / scale[j];
        }

        x[row.Length] = 1;
        return x;
    }

    private static double Dot(double[] w, double[] x)
    {
        double sum = 0;
        for (int j = 0; j < w.Length; j++)
        {
            sum += w[j] * x[j];
        }

        return sum;
    }

    /// <summary>Gaussian elimination with partial pivoting (the system is small and positive definite).</summary>
    private static double[] Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (int col = 0; col < n; col++)
        {
            int pivot = Enumerable.Range(col, n - col).MaxBy(r => Math.Abs(m[r, col]));
            for (int k = 0; k < n; k++)
            {
                (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
            }

            (v[col], v[pivot]) = (v[pivot], v[col]);
            for (int r = col + 1; r < n; r++)
            {
                double f = m[r, col] / m[col, col];
                for (int k = col; k < n; k++)
                {
                    m[r, k] -= f * m[col, k];
                }

                v[r] -= f * v[col];
            }
        }

        var x = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            double sum = v[r];
            for (int k = r + 1; k < n; k++)
            {
                sum -= m[r, k] * x[k];
            }

            x[r] = sum / m[r, r];
        }

        return x;
    }
}
