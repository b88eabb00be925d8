package cn.ebike.common.archprobe.b;

/** Test-only: the other half of the package cycle a → b → a. */
public class NeedsA {
    public cn.ebike.common.archprobe.a.NeedsB other;
}
