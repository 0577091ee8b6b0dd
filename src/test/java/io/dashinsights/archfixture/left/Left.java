package io.dashinsights.archfixture.left;

import io.dashinsights.archfixture.right.Right;

/** Half of a deliberate package cycle: proves ArchitectureTest's rule fails on one. */
public class Left {
    public Right right;
}
