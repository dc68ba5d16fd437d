package dev.kiln.cli;

import picocli.CommandLine.Command;

/** {@code kiln repo …}: binary repos, their keys and indexes. */
@Command(name = "repo", description = "Publishes packages to binary repos and fetches their signed indexes.",
    subcommands = {RepoKeygenCommand.class, RepoPublishCommand.class, RepoSyncCommand.class, RepoTrustCommand.class},
    synopsisSubcommandLabel = "COMMAND")
final class RepoCommand {
}
