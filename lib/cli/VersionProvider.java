//DEPS info.picocli:picocli:4.7.7
package cli;

import picocli.CommandLine.IVersionProvider;
import version.ProjectVersion;

/** What {@code --version} prints in every script ({@link ProjectVersion#describe()}). */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {ProjectVersion.describe()};
    }
}
