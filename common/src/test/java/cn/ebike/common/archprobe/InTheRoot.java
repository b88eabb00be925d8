package cn.ebike.common.archprobe;

/** Test-only: a class in the probe module's root package, which ArchitectureRulesTest expects to be reported. */
public class InTheRoot {
}
