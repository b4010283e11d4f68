package dev.stimulus.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.ActionKey;
import dev.stimulus.core.ActionRecord;
import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.BlobRef;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.core.Digest;
import dev.stimulus.core.EmbeddedS3;
import dev.stimulus.core.Stores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Cache-hit overhead of one stage invocation against the cheapest possible S3 round trip on the same
 * server: a raw HEAD + GET of one small object with a plain SDK client.
 *
 * <p>The invocation's hit path is what every executor does per node before deciding not to run it:
 * compute the action key (canonical JSON + SHA-256) from the resolved params and input digests, then
 * {@link ArtifactStore#lookup} (GET the action record, check every output blob exists). The record
 * here has the shape of an encode invocation: one input, three outputs. Rounds alternate between the
 * two so that the shared machine's noise hits both alike; the ratio of medians is reported.
 *
 * <p>Run: {@code bench/cache-hit.sh} (or the main class with the bench jar's class path).
 */
public final class CacheHitBench {

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Path dir = Files.createTempDirectory("stimulus-bench");
    try (EmbeddedS3 server = EmbeddedS3.start(dir);
        ArtifactStore store = Stores.s3(server.config("bench/"));
        S3Client raw = rawClient(server)) {
      // An encode-shaped invocation: params, one input, three outputs.
      ObjectNode params = (ObjectNode) CanonicalJson.MAPPER.readTree(
          "{\"columns\":[{\"name\":\"survived\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\",\"version\":1,"
              + "\"params\":{\"dtype\":\"float32\"}}},{\"name\":\"age\",\"role\":\"input\",\"encoder\":{\"name\":"
              + "\"Numeric\",\"version\":1,\"params\":{\"dtype\":\"float32\"}}}]}");
      BlobRef table = store.put("row_id,fold,age\n0,train,22\n".getBytes(StandardCharsets.UTF_8), BlobRef.CSV);
      Map<String, Digest> inputs = Map.of("table", table.digest());
      Digest key = ActionKey.of("encode", "columns", 1, params, inputs);
      TreeMap<String, BlobRef> outs = new TreeMap<>();
      for (String port : new String[] {"tensors", "state", "index"}) {
        outs.put(port, store.put(("output " + port).getBytes(StandardCharsets.UTF_8), BlobRef.BINARY));
      }
      store.commit(new ActionRecord(ActionRecord.SCHEMA, key, "encode", "columns", 1, params,
          new TreeMap<>(Map.of("table", table)), outs, CanonicalJson.MAPPER.createObjectNode()));
      String rawKey = "raw/object";
      raw.putObject(PutObjectRequest.builder().bucket(server.bucket()).key(rawKey).build(),
          software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[600]));

      Runnable hit = () -> {
        Digest k = ActionKey.of("encode", "columns", 1, params, inputs);
        if (store.lookup(k).isEmpty()) {
          throw new IllegalStateException("expected a hit");
        }
      };
      Runnable headGet = () -> {
        raw.headObject(HeadObjectRequest.builder().bucket(server.bucket()).key(rawKey).build());
        raw.getObjectAsBytes(GetObjectRequest.builder().bucket(server.bucket()).key(rawKey).build());
      };
      for (int i = 0; i < 300; i++) { // warm up both paths (JIT, connection pools)
        hit.run();
        headGet.run();
      }
      double[] hitUs = new double[rounds];
      double[] rawUs = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        hitUs[r] = time(hit, perRound);
        rawUs[r] = time(headGet, perRound);
      }
      double h = median(hitUs);
      double b = median(rawUs);
      System.out.printf(Locale.ROOT, "cache hit (key + lookup of a 3-output record): median %.0f us%n", h);
      System.out.printf(Locale.ROOT, "raw S3 HEAD+GET of one object:                median %.0f us%n", b);
      System.out.printf(Locale.ROOT, "ratio hit / raw HEAD+GET = %.2f (target <= 2)%n", h / b);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static double time(Runnable op, int n) {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      op.run();
    }
    return (System.nanoTime() - t0) / 1000.0 / n;
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static S3Client rawClient(EmbeddedS3 server) {
    return S3Client.builder()
        .endpointOverride(server.endpoint())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(server.accessKey(), server.secretKey())))
        .httpClient(Apache5HttpClient.builder().build())
        .build();
  }
}
