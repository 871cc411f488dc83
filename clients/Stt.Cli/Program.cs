using Stt.Cli;

return await SttCommand.RunAsync(args);
