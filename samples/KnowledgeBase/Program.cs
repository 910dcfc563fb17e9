// Placeholder entry point; the commands are added by the foundation and KnowledgeBase issues.
Console.Error.WriteLine("kb: no commands yet.");
return 1;
