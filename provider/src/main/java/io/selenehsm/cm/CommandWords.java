package io.selenehsm.cm;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a command line into words and masks secrets for echoing. */
final class CommandWords {
  private CommandWords() {}

  /** Options whose values are never echoed or kept in history. */
  static final Set<String> SECRET_OPTIONS =
      Set.of("-password", "-oldpw", "-newpw", "-domain", "-challenge");

  private static final Pattern SECRET_VALUE =
      Pattern.compile(
          "(?i)(-password|-oldpw|-newpw|-domain|-challenge)(\\s+)(\"[^\"]*\"|'[^']*'|\\S+)");

  /**
   * Words separated by blanks; single or double quotes group a word with blanks in it, and a
   * backslash inside double quotes escapes the next character.
   */
  static List<String> split(String line) throws HsmException {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
          word.append(line.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else {
        if (word == null) {
          word = new StringBuilder();
        }
        if (c == '"' || c == '\'') {
          quote = c;
        } else {
          word.append(c);
        }
      }
    }
    if (quote != 0) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "unterminated " + quote + " quote in: " + line);
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }

  /** The line with the values of secret options replaced by asterisks. */
  static String masked(String line) {
    Matcher m = SECRET_VALUE.matcher(line);
    return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + r.group(2) + "********"));
  }

  static boolean hasSecret(String line) {
    return SECRET_VALUE.matcher(line).find();
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
