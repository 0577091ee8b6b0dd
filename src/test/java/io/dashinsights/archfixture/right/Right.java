package io.dashinsights.archfixture.right;

import io.dashinsights.archfixture.left.Left;

/** The other half of the deliberate cycle. */
public class Right {
    public Left left;
}
