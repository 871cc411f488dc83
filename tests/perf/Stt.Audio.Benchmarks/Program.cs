using BenchmarkDotNet.Running;
using Stt.Audio.Benchmarks;

BenchmarkRunner.Run<AudioPathBenchmarks>(args: args);
