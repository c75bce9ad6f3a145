//DEPS info.picocli:picocli:4.7.7
package cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import prom.RemoteWriteSettings;
import prom.RemoteWriter;
import scrape.TargetAuth;

/**
 * Remote write (a picocli mixin of {@code watch}): {@code --remote-write}, its bearer token file and {@code --job};
 * it builds the prom stage's {@link RemoteWriteSettings}.
 */
public final class RemoteWriteOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--remote-write", paramLabel = "URL", converter = EndpointConverter.class,
            description = "Also send every sample to this Prometheus remote-write 1.0 endpoint (e.g. http://prom:9090/api/v1/write). "
                    + "The day file is written first and never waits for it. User info in the URL is sent as basic auth.")
    URI endpoint;

    @Option(names = "--remote-write-bearer-token-file", paramLabel = "FILE", description = "Bearer token for --remote-write, read from FILE.")
    Path tokenFile;

    @Mixin
    JobOption job;

    /**
     * The settings, the token file read now; null without {@code --remote-write}.
     *
     * @throws ParameterException (usage error) when the token file cannot be read or its token cannot be sent
     */
    public RemoteWriteSettings settings() {
        if (endpoint == null) return null;
        try {
            Map<String, String> headers = tokenFile == null ? Map.of()
                    : Map.of("Authorization", TargetAuth.bearerAuthorization(tokenFile, "--remote-write-bearer-token-file"));
            return new RemoteWriteSettings(endpoint, job.job(), headers);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** {@code --remote-write} as {@link RemoteWriter#endpoint} reads it: refused at start, the URL shown without its password. */
    static final class EndpointConverter implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                return RemoteWriter.endpoint(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
