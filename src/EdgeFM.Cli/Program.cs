using EdgeFM.Cli;

return await EdgeFmCommand.RunAsync(args).ConfigureAwait(false);
