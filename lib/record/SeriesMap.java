package record;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Series key to sample value in insertion order, held as one {@code String[]} and one {@code double[]} plus an
 * open-addressing index of {@code int}s. A scrape of 200,000 series would otherwise cost a map node and a boxed
 * {@code Double} per sample (about 50 bytes each, and the garbage collections they cause); writers that know
 * this class read {@link #keyAt}/{@link #valueAt} without boxing. Through the {@link Map} interface it is
 * read-only; {@link #get} and {@link Map.Entry#getValue} box on demand.
 */
public final class SeriesMap extends AbstractMap<String, Double> {
    private String[] keys;
    private double[] values;
    private int size;
    /** Open addressing with linear probing: slot holds index + 1 into keys/values, 0 when free. */
    private int[] slots;

    /** An empty map sized for about {@code expected} series (it grows past that). */
    public SeriesMap(int expected) {
        int capacity = Math.max(16, expected);
        keys = new String[capacity];
        values = new double[capacity];
        slots = new int[tableSizeFor(capacity)];
    }

    /**
     * Adds a series unless its key is already there.
     *
     * @return -1 when added; otherwise the index of the series already held (which keeps its value)
     */
    public int addIfAbsent(String key, double value) {
        int mask = slots.length - 1;
        int slot = spread(key.hashCode()) & mask;
        for (int held; (held = slots[slot]) != 0; slot = (slot + 1) & mask) {
            if (keys[held - 1].equals(key)) return held - 1;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = key;
        values[size] = value;
        size++;
        slots[slot] = size;
        if (size * 2 > slots.length) rehash(slots.length * 2);
        return -1;
    }

    /** The key of the {@code index}-th series (0-based, insertion order). */
    public String keyAt(int index) {
        Objects.checkIndex(index, size);
        return keys[index];
    }

    /** The value of the {@code index}-th series (0-based, insertion order), unboxed. */
    public double valueAt(int index) {
        Objects.checkIndex(index, size);
        return values[index];
    }

    /** The index of a key, or -1. */
    public int indexOf(Object key) {
        if (!(key instanceof String)) return -1;
        int mask = slots.length - 1;
        for (int slot = spread(key.hashCode()) & mask, held; (held = slots[slot]) != 0; slot = (slot + 1) & mask) {
            if (keys[held - 1].equals(key)) return held - 1;
        }
        return -1;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Double get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Double> action) {
        for (int i = 0; i < size; i++) action.accept(keys[i], values[i]);
    }

    @Override
    public Set<Map.Entry<String, Double>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Map.Entry<String, Double>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Map.Entry<String, Double> next() {
                        if (next >= size) throw new NoSuchElementException();
                        int i = next++;
                        return new AbstractMap.SimpleImmutableEntry<>(keys[i], values[i]);
                    }
                };
            }
        };
    }

    private void rehash(int tableSize) {
        int[] table = new int[tableSize];
        int mask = tableSize - 1;
        for (int i = 0; i < size; i++) {
            int slot = spread(keys[i].hashCode()) & mask;
            while (table[slot] != 0) slot = (slot + 1) & mask;
            table[slot] = i + 1;
        }
        slots = table;
    }

    /** Mixes the high bits in: series keys of one family differ mostly at their end. */
    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    private static int tableSizeFor(int capacity) {
        return Integer.highestOneBit(Math.max(16, capacity) * 2 - 1) * 2;
    }
}
