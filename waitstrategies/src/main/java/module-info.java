/**
 * Wait strategies for Greenwire: {@link dev.greenwire.wait.WaitStrategies}.
 */
module dev.greenwire.wait {
    requires transitive dev.greenwire;

    exports dev.greenwire.wait;
}
