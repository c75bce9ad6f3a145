package panels;

import files.FileErrors;
import files.SmallFiles;
import text.Utf8;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A user's panel files: those given with {@code --panels FILE} (in order), then every {@code *.yaml} and
 * {@code *.yml} file of the {@code panels/} folder beside the data folder (by name), so a team can keep its panels
 * next to its data. Files are read with the project's size bound for lists ({@link SmallFiles#LIST_BYTES}).
 */
public final class PanelFiles {
    private PanelFiles() {}

    /** The folder read beside {@code dataDir}: {@code data/metrics} gives {@code data/panels}. */
    public static Path folderBeside(Path dataDir) {
        Path parent = dataDir.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of("panels") : parent.resolve("panels");
    }

    /**
     * The user's sets; a file named twice (with {@code --panels} and in the folder) is read once.
     *
     * @throws PanelSetException for the first file that cannot be read, is not a valid panel set (the message names
     *     the file and the line), or whose set has the name of a built-in set or of an earlier file's set
     */
    public static List<PanelSet> read(List<Path> files, Path dataDir) throws PanelSetException {
        List<Path> all = new ArrayList<>(files);
        Path folder = folderBeside(dataDir);
        if (Files.isDirectory(folder)) {
            TreeSet<Path> found = new TreeSet<>();
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder, "*.{yaml,yml}")) {
                for (Path p : dir) if (Files.isRegularFile(p)) found.add(p);
            } catch (IOException e) {
                throw new PanelSetException(folder + ": cannot be listed: " + FileErrors.reason(e));
            }
            all.addAll(found);
        }
        List<PanelSet> sets = new ArrayList<>();
        Set<Path> read = new HashSet<>();
        // A set's name makes its panels' ids on the page (panel-<set>-<panel>), so two sets of one name would draw
        // into each other's charts; the built-in sets' file names are their set names.
        Map<String, String> namesTaken = new HashMap<>();
        for (String builtIn : BuiltInPanelSets.NAMES) namesTaken.put(PanelSetReader.slug(builtIn), "the built-in set " + builtIn);
        for (Path file : all) {
            if (!read.add(sameFile(file))) continue; // given with --panels and found in the panels/ folder too
            PanelSet set = readOne(file);
            String other = namesTaken.putIfAbsent(PanelSetReader.slug(set.name()), file.toString());
            if (other != null) {
                throw new PanelSetException(file + ": the set name \"" + set.name() + "\" is taken by " + other
                        + " (a set's name makes its panels' ids on the page); give this set a \"name:\" of its own");
            }
            sets.add(set);
        }
        return List.copyOf(sets);
    }

    /** The file as one path whichever way it was named (relative, through a link), or as given when it cannot be resolved. */
    private static Path sameFile(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    private static PanelSet readOne(Path file) throws PanelSetException {
        byte[] bytes;
        try {
            bytes = SmallFiles.read(file, SmallFiles.LIST_BYTES);
        } catch (IOException e) {
            throw new PanelSetException(file + ": cannot be read: " + FileErrors.reason(e));
        }
        Utf8.Problem problem = Utf8.problem(bytes, 0, bytes.length);
        if (problem != null) {
            throw new PanelSetException(file + ":" + Utf8.lineOf(bytes, problem.at()) + ": not valid UTF-8 (" + problem.what() + " at byte "
                    + Utf8.byteOfLine(bytes, problem.at()) + " of the line); save the file as UTF-8");
        }
        return PanelSetReader.read(new String(bytes, StandardCharsets.UTF_8), file.toString());
    }
}
