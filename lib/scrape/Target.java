package scrape;

/**
 * A target to scrape: its name and how to scrape it.
 *
 * @param instance the name of a {@code --target NAME=URL}, carried by its records as {@code "instance"}; null for the
 *                 single unnamed target of {@code --url}
 * @param settings how to scrape it
 */
public record Target(String instance, Scraper.Settings settings) {}
