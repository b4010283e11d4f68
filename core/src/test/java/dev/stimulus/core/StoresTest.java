package dev.stimulus.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoresTest {

  private static boolean listening(URI endpoint) {
    try (Socket s = new Socket(endpoint.getHost(), endpoint.getPort())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void embeddedStorePersistsAcrossRestartsAndCloseStopsTheServer(@TempDir Path state) {
    byte[] bytes = "persist me".getBytes(StandardCharsets.UTF_8);
    Digest digest;
    String where;
    long start = System.nanoTime();
    try (ArtifactStore store = Stores.embedded(state)) {
      long startMillis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(startMillis < 10_000, "embedded store took " + startMillis + " ms to start");
      digest = store.put(bytes, null).digest();
      where = store.describe();
    }
    URI endpoint = URI.create(where.substring(where.indexOf(" at ") + 4));
    assertFalse(listening(endpoint), "closing the store stops its server at " + endpoint);
    assertTrue(Files.isDirectory(state.resolve("s3").resolve(EmbeddedS3.DEFAULT_BUCKET).resolve("cas")));
    try (ArtifactStore again = Stores.embedded(state)) {
      assertArrayEquals(bytes, again.get(digest));
    }
  }

  @Test
  void embeddedServerListensOnLoopbackWithCredentials(@TempDir Path dir) {
    try (EmbeddedS3 server = EmbeddedS3.start(dir)) {
      assertEquals("127.0.0.1", server.endpoint().getHost());
      assertTrue(server.endpoint().getPort() > 0);
      assertTrue(listening(server.endpoint()));
      // Wrong credentials are refused: the server is not open to anything on the machine.
      StoreConfig wrong = server.config("").withCredentials(server.accessKey(), "not-the-secret");
      try (ArtifactStore store = Stores.s3(wrong)) {
        StoreException e = assertThrows(StoreException.class, () -> store.put(new byte[] {1}, null));
        assertFalse(e.getMessage().contains(server.secretKey()), "secrets never appear in messages");
        assertFalse(e.getMessage().contains("not-the-secret"), "secrets never appear in messages");
      }
    }
  }

  @Test
  void memoryStoreWorksAndRefusesS3Ingestion() {
    try (ArtifactStore store = Stores.memory()) {
      BlobRef ref = store.put("m".getBytes(StandardCharsets.UTF_8), null);
      assertArrayEquals("m".getBytes(StandardCharsets.UTF_8), store.get(ref.digest()));
      StoreException e = assertThrows(StoreException.class,
          () -> store.ingest(URI.create("s3://bucket/key.csv"), null));
      assertTrue(e.getMessage().contains("need an S3 store"), e.getMessage());
    }
  }

  @Test
  void memoryCorruptionIsDetectedToo() {
    MemoryBackend backend = new MemoryBackend();
    try (ContentStore store = new ContentStore(backend)) {
      BlobRef ref = store.put("abc".getBytes(StandardCharsets.UTF_8), null);
      backend.corrupt(StoreKeys.blob(ref.digest()), "abd".getBytes(StandardCharsets.UTF_8));
      assertThrows(CorruptBlobException.class, () -> store.get(ref.digest()));
      assertFalse(store.has(ref.digest()));
    }
  }

  @Test
  void configNeverPrintsTheSecretAndNormalisesThePrefix() {
    StoreConfig c = StoreConfig.at(URI.create("http://127.0.0.1:9000"), "my-bucket", "/runs/a")
        .withCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG");
    assertEquals("runs/a/", c.prefix());
    assertFalse(c.toString().contains("wJalrXUtnFEMI"), c.toString());
    assertEquals("", StoreConfig.aws("my-bucket", null).prefix());
    assertEquals("", StoreConfig.aws("my-bucket", "/").prefix());
  }

  @Test
  void badConfigIsRejectedClearly() {
    StoreException bucket = assertThrows(StoreException.class, () -> StoreConfig.aws("My_Bucket", ""));
    assertTrue(bucket.getMessage().contains("'My_Bucket'"), bucket.getMessage());
    assertThrows(StoreException.class, () -> StoreConfig.aws(null, ""));
    StoreException prefix = assertThrows(StoreException.class, () -> StoreConfig.aws("ok-bucket", "a/../b"));
    assertTrue(prefix.getMessage().contains("a/../b"), prefix.getMessage());
    assertThrows(StoreException.class, () -> StoreConfig.aws("ok-bucket", "a//b"));
    assertThrows(StoreException.class,
        () -> new StoreConfig(null, null, "ok-bucket", "", "access-only", null));
  }

  @Test
  void twoServersOnOneDirectoryStillHaveExactlyOneConditionalWinner(@TempDir Path dir) throws Exception {
    // Two `stimulus` processes on one .stimulus/ each embed a server over the same files. Two
    // server instances in one JVM share no locks, like two processes.
    try (EmbeddedS3 one = EmbeddedS3.start(dir);
        EmbeddedS3 two = EmbeddedS3.start(dir);
        S3Backend a = S3Backend.open(one.config(""));
        S3Backend b = S3Backend.open(two.config(""))) {
      for (int round = 0; round < 5; round++) {
        String key = "ac/00/race" + round + ".json";
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
          java.util.List<java.util.concurrent.Future<Boolean>> wins = new java.util.ArrayList<>();
          for (int t = 0; t < 8; t++) {
            S3Backend via = t % 2 == 0 ? a : b;
            byte[] body = ("writer " + t).getBytes(StandardCharsets.UTF_8);
            wins.add(pool.submit(() -> {
              gate.await();
              return via.putIfAbsent(key, body, java.util.Map.of());
            }));
          }
          gate.countDown();
          int winners = 0;
          for (var w : wins) {
            winners += w.get() ? 1 : 0;
          }
          assertEquals(1, winners, "round " + round);
        } finally {
          pool.shutdownNow();
        }
      }
    }
  }
}
