package panels;

import files.FileErrors;
import files.SmallFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
     * The user's sets.
     *
     * @throws PanelSetException for the first file that cannot be read or is not a valid panel set (the message names
     *     the file and the line)
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
        for (Path file : all) sets.add(readOne(file));
        return List.copyOf(sets);
    }

    private static PanelSet readOne(Path file) throws PanelSetException {
        byte[] bytes;
        try {
            bytes = SmallFiles.read(file, SmallFiles.LIST_BYTES);
        } catch (IOException e) {
            throw new PanelSetException(file + ": cannot be read: " + FileErrors.reason(e));
        }
        return PanelSetReader.read(new String(bytes, StandardCharsets.UTF_8), file.toString());
    }
}
