// The offline coding assistant is built in its own issue; until then it says so instead of pretending.
Console.Error.WriteLine("code-assistant: not built yet (see the CodeAssistant issue).");
return 1;
