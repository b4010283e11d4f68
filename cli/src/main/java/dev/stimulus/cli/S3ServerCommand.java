package dev.stimulus.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.core.EmbeddedS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The local stack's standalone S3 server (started by {@code stimulus up}). */
@Command(name = "s3-server", hidden = true, mixinStandardHelpOptions = true,
    description = "Serve an S3 API over a directory (S3Proxy) on 127.0.0.1 until stopped.")
final class S3ServerCommand implements Callable<Integer> {

  @Option(names = "--dir", required = true, description = "Directory holding the bucket.")
  Path dir;

  @Option(names = "--port", defaultValue = "0", description = "Port on 127.0.0.1 (0: a free one).")
  int port;

  @Option(names = "--info", required = true, description = "Where to write endpoint and credentials (mode 600).")
  Path info;

  @Override
  public Integer call() throws Exception {
    EmbeddedS3 s3 = EmbeddedS3.start(dir, EmbeddedS3.DEFAULT_BUCKET, port);
    Runtime.getRuntime().addShutdownHook(new Thread(s3::close));
    ObjectNode n = CanonicalJson.MAPPER.createObjectNode();
    n.put("endpoint", s3.endpoint().toString());
    n.put("bucket", s3.bucket());
    n.put("accessKey", s3.accessKey());
    n.put("secretKey", s3.secretKey());
    Path tmp = info.resolveSibling(info.getFileName() + ".tmp");
    Files.writeString(tmp, n.toPrettyString());
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
    Files.move(tmp, info, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    System.out.println("S3 server on " + s3.endpoint() + " over " + s3.baseDir());
    new CountDownLatch(1).await();
    return 0;
  }
}
