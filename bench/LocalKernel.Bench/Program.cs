Console.Error.WriteLine("bench: no benchmarks yet.");
return 1;
