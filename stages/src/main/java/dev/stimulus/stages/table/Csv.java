package dev.stimulus.stages.table;

import dev.stimulus.stages.StageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/**
 * Reads and writes RFC 4180 CSV (UTF-8, header row, comma separated) on Apache Commons CSV.
 *
 * <p>Reading is strict, because a lenient reader turns a broken file into a silently wrong table:
 * every row must be as wide as the header, header names must be unique and non-blank, and every
 * problem is reported with the 1-based line it is on. Writing is canonical (LF line ends, quotes
 * only where needed), so equal tables always give equal bytes.
 */
public final class Csv {

  /** Inputs larger than this are refused rather than parsed into memory. */
  public static final long MAX_BYTES = 1L << 30;
  /** More columns than this is a sign of a file that is not a table (or a hostile one). */
  public static final int MAX_COLUMNS = 100_000;

  private static final CSVFormat READ = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();
  private static final CSVFormat WRITE =
      CSVFormat.RFC4180.builder().setRecordSeparator('\n').setQuoteMode(QuoteMode.MINIMAL).get();

  private Csv() {}

  /**
   * Parses a CSV file.
   *
   * @param source names the file in messages, e.g. {@code data} or {@code table}
   * @throws StageException naming the line and what is wrong
   */
  public static Table read(byte[] bytes, String source) {
    return read(bytes, source, MAX_BYTES);
  }

  static Table read(byte[] bytes, String source, long maxBytes) {
    String where = source + ": ";
    if (bytes.length > maxBytes) {
      throw new StageException(where + "file of " + bytes.length + " bytes is larger than the limit of " + maxBytes + " bytes");
    }
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw new StageException(where + "line " + lineAtByte(bytes, i)
            + ": NUL byte at byte offset " + i + "; this is binary content, not CSV text");
      }
    }
    String text = decodeUtf8(bytes, where);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // byte order mark written by spreadsheet programs
    }
    if (text.isBlank()) {
      throw new StageException(where + "empty file: expected a header row of column names");
    }
    int[] lineStarts = lineStarts(text);
    List<String> header = null;
    List<String[]> rows = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(text, READ)) {
      var it = parser.iterator();
      int nextLine = 1; // where the next record starts: a failing record has no position of its own
      while (true) {
        CSVRecord record;
        try {
          if (!it.hasNext()) {
            break;
          }
          record = it.next();
        } catch (UncheckedIOException | IllegalStateException e) {
          throw new StageException(where + "line " + nextLine
              + ": malformed CSV quoting (" + cause(e) + "); a field containing a comma, quote or line break must be"
              + " enclosed in double quotes, with inner quotes doubled");
        }
        int line = lineOf(lineStarts, record.getCharacterPosition());
        String[] cells = record.values();
        nextLine = line + 1 + lineBreaks(cells);
        if (header == null) {
          header = checkHeader(cells, where);
          continue;
        }
        if (cells.length != header.size()) {
          String blank = cells.length == 1 && cells[0].isEmpty() ? " (a blank line)" : "";
          throw new StageException(where + "line " + line + ": expected " + header.size()
              + " fields as in the header, found " + cells.length + blank);
        }
        rows.add(cells);
        lines.add(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading a string cannot fail", e);
    }
    return new Table(header, rows, lines.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Writes a table canonically: LF line ends, minimal quoting, cells exactly as they are. */
  public static byte[] write(Table table) {
    StringBuilder out = new StringBuilder();
    try (CSVPrinter printer = new CSVPrinter(out, WRITE)) {
      printer.printRecord(table.header());
      for (String[] row : table.rowsView()) {
        printer.printRecord((Object[]) row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a string cannot fail", e);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> checkHeader(String[] names, String where) {
    if (names.length > MAX_COLUMNS) {
      throw new StageException(where + "line 1: " + names.length + " columns is more than the limit of " + MAX_COLUMNS);
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      if (names[i].isBlank()) {
        throw new StageException(where + "line 1: column " + (i + 1) + " of the header has a blank name"
            + " (header: " + Table.abbreviate(String.join(",", names)) + ")");
      }
      Integer before = seen.putIfAbsent(names[i], i);
      if (before != null) {
        throw new StageException(where + "line 1: column name '" + names[i] + "' appears twice in the header"
            + " (columns " + (before + 1) + " and " + (i + 1) + ")");
      }
    }
    return Arrays.asList(names);
  }

  private static String decodeUtf8(byte[] bytes, String where) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = decoder.decode(in, out, true);
    if (r.isError()) {
      int at = in.position();
      throw new StageException(where + "line " + lineAtByte(bytes, at) + ": invalid UTF-8 at byte offset " + at
          + "; CSV input must be UTF-8 text");
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  private static int lineAtByte(byte[] bytes, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return line;
  }

  /** Character offsets where each line starts; a line ends at LF, CRLF or a lone CR, as for the parser. */
  private static int[] lineStarts(String text) {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int lineBreaks(String[] cells) {
    int n = 0;
    for (String c : cells) {
      for (int i = 0; i < c.length(); i++) {
        char ch = c.charAt(i);
        if (ch == '\n' || (ch == '\r' && (i + 1 == c.length() || c.charAt(i + 1) != '\n'))) {
          n++;
        }
      }
    }
    return n;
  }

  private static int lineOf(int[] lineStarts, long charPosition) {
    int i = Arrays.binarySearch(lineStarts, (int) charPosition);
    return (i >= 0 ? i : -i - 2) + 1;
  }

  private static String cause(Exception e) {
    Throwable t = e.getCause() != null ? e.getCause() : e;
    return t.getMessage();
  }
}
