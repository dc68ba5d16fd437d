package dev.kiln.cli;

import dev.kiln.repo.RepoServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "serve", description = "Serves a repo directory over HTTP, read-only, until interrupted.")
final class ServeCommand implements Callable<Integer> {
  @Parameters(paramLabel = "REPO", description = "The repo directory.")
  Path repo;

  @Option(names = "--port", paramLabel = "N", description = "The port (default: ${DEFAULT-VALUE}).", defaultValue = "8080")
  int port;

  @Option(names = "--bind", paramLabel = "ADDRESS", description = "The address to listen on (default: ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1")
  String bind;

  @Override
  public Integer call() throws InterruptedException {
    RepoServer server;
    try {
      server = RepoServer.start(repo, new InetSocketAddress(bind, port));
    } catch (java.io.IOException e) {
      System.err.println("kiln: error: cannot serve " + repo + " on " + bind + ":" + port + ": " + dev.kiln.store.Problems.describe(e));
      return Main.BUILD_FAILED;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "kiln-serve-stop"));
    System.err.println("kiln: serving " + repo.toAbsolutePath().normalize() + " at http://"
        + server.address().getHostString() + ":" + server.port() + "/ (Ctrl-C stops)");
    stopped.await();
    return Main.OK;
  }
}
