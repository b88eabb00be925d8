package cn.ebike.common.archprobe.a;

/** Test-only: half of a package cycle (a → b → a) that ArchitectureRulesTest expects to be reported. */
public class NeedsB {
    public cn.ebike.common.archprobe.b.NeedsA other;
}
