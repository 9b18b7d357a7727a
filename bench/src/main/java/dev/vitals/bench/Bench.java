package dev.vitals.bench;

/** Runs the benchmarks described in docs/BENCHMARKS.md. */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) {
        System.out.println("benchmarks: see docs/BENCHMARKS.md");
    }
}
