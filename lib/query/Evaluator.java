package query;

final class Evaluator {
    static QueryResult instant(SeriesSource src, Expr e, long t, QueryOptions o) { throw new UnsupportedOperationException(); }
    static QueryResult range(SeriesSource src, Expr e, long s, long en, long st, QueryOptions o) { throw new UnsupportedOperationException(); }
}
