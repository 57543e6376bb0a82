package io.vnode.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Every value is documented twice: a comment in values.yaml and a row of README.md's table. */
class ChartDocsTest {

    private static final Pattern TABLE_ROW = Pattern.compile("(?m)^\\| `([A-Za-z][\\w.]*)` \\|");
    private static final Pattern KEY_LINE = Pattern.compile("^( *)([A-Za-z][\\w-]*):.*$");

    private static List<String> valuesLines;
    private static Set<String> leaves;
    private static Set<String> documented;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        String values = Files.readString(RenderedChart.chart().resolve("values.yaml"));
        valuesLines = values.lines().toList();
        leaves = new LinkedHashSet<>();
        flatten("", new Yaml(new SafeConstructor(new LoaderOptions())).load(values), leaves);
        documented = new LinkedHashSet<>();
        Matcher m = TABLE_ROW.matcher(Files.readString(RenderedChart.chart().resolve("README.md")));
        while (m.find()) {
            documented.add(m.group(1));
        }
    }

    @Test
    void theReadmeTableNamesEveryValue() {
        List<String> missing = leaves.stream()
                .filter(leaf -> documented.stream().noneMatch(d -> leaf.equals(d) || leaf.startsWith(d + ".")))
                .toList();
        assertThat(missing).as("values.yaml keys without a README.md row").isEmpty();
    }

    @Test
    void theReadmeTableNamesNoValueThatDoesNotExist() {
        List<String> unknown = documented.stream()
                .filter(d -> leaves.stream().noneMatch(leaf -> leaf.equals(d) || leaf.startsWith(d + ".")))
                .toList();
        assertThat(unknown).as("README.md rows for values that do not exist").isEmpty();
    }

    @Test
    void everyDocumentedValueHasACommentInValuesYaml() {
        Deque<String[]> stack = new ArrayDeque<>(); // {indent, key}
        List<String> uncommented = new ArrayList<>();
        for (int i = 0; i < valuesLines.size(); i++) {
            Matcher m = KEY_LINE.matcher(valuesLines.get(i));
            if (!m.matches()) {
                continue;
            }
            int indent = m.group(1).length();
            while (!stack.isEmpty() && Integer.parseInt(stack.peek()[0]) >= indent) {
                stack.pop();
            }
            stack.push(new String[] {Integer.toString(indent), m.group(2)});
            List<String> keys = new ArrayList<>();
            stack.descendingIterator().forEachRemaining(e -> keys.add(e[1]));
            String path = String.join(".", keys);
            if (documented.contains(path) && !previousLineIsComment(i)) {
                uncommented.add(path);
            }
        }
        assertThat(uncommented).as("values without a comment above them in values.yaml").isEmpty();
    }

    private static boolean previousLineIsComment(int line) {
        for (int i = line - 1; i >= 0; i--) {
            String s = valuesLines.get(i).strip();
            if (!s.isEmpty()) {
                return s.startsWith("#");
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Set<String> out) {
        if (node instanceof Map<?, ?> map && !map.isEmpty()) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? k.toString() : prefix + "." + k, v, out));
        } else {
            out.add(prefix);
        }
    }
}
