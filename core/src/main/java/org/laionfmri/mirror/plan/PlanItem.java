package org.laionfmri.mirror.plan;

/** One line of a plan: a selected key, its size in the source, and what to do with it. */
public record PlanItem(String key, long size, Action action) {}
