package cn.ebike.subsidy.testsupport;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Registers {@link FakeUpstream} for every @QuarkusTest of the module: one WireMock, one Quarkus boot. */
@WithTestResource(value = FakeUpstream.class, scope = TestResourceScope.GLOBAL)
public final class UpstreamResource {

    private UpstreamResource() {
    }
}
