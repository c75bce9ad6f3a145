package support;

import days.RecordTimes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import page.PanelSection;
import page.Renderer;
import panels.BuiltInPanelSets;
import panels.LeadPanels;
import panels.PanelPage;
import panels.PanelPages;
import queryio.DayFileStorage;

/** The page's coppice section (the built-in coppice set as the page's lead) for page tests. */
public final class CoppiceSection {
    private CoppiceSection() {}

    /**
     * The coppice set as the page's lead, not evaluated: shown, each panel has the page's empty state; not shown, the
     * page says in one line that the coppice panels are left out.
     */
    public static PanelSection unevaluated(boolean shown) {
        return new PanelPage(List.of(), new LeadPanels(BuiltInPanelSets.load(BuiltInPanelSets.LEAD), shown, List.of()), null);
    }

    /** What render makes the panels with: every built-in set, evaluated over the day files of {@code data}. */
    public static Renderer.PanelSectionMaker maker(Path data, int maxPoints) {
        DayFileStorage storage = new DayFileStorage(data, "coppice", true, RecordTimes.system(), new PrintStream(new ByteArrayOutputStream()));
        return (first, last, names) -> PanelPages.build(storage, BuiltInPanelSets.all(), names, first, last, maxPoints, List.of());
    }
}
