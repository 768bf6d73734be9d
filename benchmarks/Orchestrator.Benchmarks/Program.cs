using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Orchestrator.Benchmarks.Rag.SciFact).Assembly).Run(args);
