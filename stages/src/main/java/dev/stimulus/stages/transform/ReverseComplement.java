package dev.stimulus.stages.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.table.Partitions;
import dev.stimulus.stages.table.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Augmentation: appends, after all rows, a copy of every row of the chosen folds whose sequence
 * columns are reverse-complemented; the copy's row id is {@code <parent>/rc}. Bases are IUPAC
 * nucleotide codes (ACGT or ACGU, N and the ambiguity codes), case preserved.
 */
public final class ReverseComplement extends TableTransform {

  private static final String TAG = "rc";
  /** Each code followed by its complement; U takes T's place for RNA. */
  private static final String DNA_PAIRS = "ATTACGGCNNRYYRKMMKSSWWBVVBDHHD";
  private static final String RNA_PAIRS = DNA_PAIRS.replace('T', 'U');

  public ReverseComplement() {
    super("ReverseComplement", 1, Semantics.AUGMENTATION,
        "appends reverse-complemented copies of DNA/RNA rows (case kept; alphabet dna or rna)");
  }

  @Override
  public ParamSpec params() {
    return ParamSpec.of(
        columnsParam("the sequence columns to reverse-complement"),
        Param.choice("alphabet", "dna", List.of("dna", "rna"), "dna (A pairs with T) or rna (A pairs with U)"),
        foldsParam(List.of(Partitions.TRAIN)));
  }

  @Override
  Table apply(Table table, ObjectNode params, StageContext context) {
    int[] columns = Partitions.dataColumns(table, params.get("columns"), owner());
    Set<String> folds = Partitions.folds(params.get("folds"), owner());
    String alphabet = params.get("alphabet").asText();
    char[] complement = complements(alphabet.equals("rna") ? RNA_PAIRS : DNA_PAIRS);
    List<String[]> rows = new ArrayList<>(table.size() * 2);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < table.size(); i++) {
      rows.add(table.row(i));
      ids.add(table.cell(i, 0));
    }
    for (int i = 0; i < table.size(); i++) {
      if (!folds.contains(Partitions.fold(table, i))) {
        continue;
      }
      String[] copy = table.row(i);
      copy[0] = derivedId(copy[0], ids);
      for (int c : columns) {
        copy[c] = reverseComplement(copy[c], complement, alphabet, table.header().get(c), table.rowName(i));
      }
      rows.add(copy);
    }
    return Partitions.withRows(table, rows);
  }

  /** {@code <parent>/rc}, or {@code /rc2}, {@code /rc3}... when the table already has that id. */
  private static String derivedId(String parent, Set<String> ids) {
    String id = parent + "/" + TAG;
    for (int n = 2; ids.contains(id); n++) {
      id = parent + "/" + TAG + n;
    }
    ids.add(id);
    return id;
  }

  private static char[] complements(String pairs) {
    char[] map = new char[128];
    for (int i = 0; i < pairs.length(); i += 2) {
      char a = pairs.charAt(i);
      char b = pairs.charAt(i + 1);
      map[a] = b;
      map[Character.toLowerCase(a)] = Character.toLowerCase(b);
    }
    return map;
  }

  private String reverseComplement(String seq, char[] complement, String alphabet, String column, String row) {
    char[] out = new char[seq.length()];
    for (int i = 0; i < seq.length(); i++) {
      char c = seq.charAt(i);
      char rc = c < complement.length ? complement[c] : 0;
      if (rc == 0) {
        String hint = (c == 'U' || c == 'u') && alphabet.equals("dna") ? "; for RNA set alphabet: rna"
            : (c == 'T' || c == 't') && alphabet.equals("rna") ? "; for DNA set alphabet: dna" : "";
        throw new StageException(owner() + ": column '" + column + "', " + row + ": character '"
            + new String(Character.toChars(seq.codePointAt(i))) + "' at position " + (i + 1)
            + " is not an IUPAC " + alphabet.toUpperCase(java.util.Locale.ROOT) + " code (A, C, G, "
            + (alphabet.equals("rna") ? "U" : "T") + ", N, R, Y, S, W, K, M, B, D, H, V; either case)" + hint);
      }
      out[seq.length() - 1 - i] = rc;
    }
    return new String(out);
  }
}
