package org.laionfmri.mirror.engine;

/** A definition the engine cannot run faithfully: raised when it is loaded, naming the state and the field. */
public final class DefinitionException extends RuntimeException {

    public DefinitionException(String where, String problem) {
        super(where + ": " + problem);
    }
}
