package dev.robotledger.agent.sim;

/**
 * The levels of the simulated product tree: brackets are made from raw material, two brackets make
 * an assembly, two assemblies make a product. Each good is inspected by the robot that made it.
 */
public enum Stage {
    /** A part from raw material. */
    PART("bracket", null, 0, "surface", "roughness.um", 0.8),
    /** A sub-assembly of two parts. */
    SUB_ASSEMBLY("assembly", PART, 2, "dimensional", "length.mm", 120.02),
    /** A finished product of two sub-assemblies: what is shipped to the retailer. */
    PRODUCT("product", SUB_ASSEMBLY, 2, "functional", "torque.nm", 35.4);

    private final String kind;
    private final Stage input;
    private final int inputsPerGood;
    private final String checkType;
    private final String measurement;
    private final double measured;

    Stage(String kind, Stage input, int inputsPerGood, String checkType, String measurement, double measured) {
        this.kind = kind;
        this.input = input;
        this.inputsPerGood = inputsPerGood;
        this.checkType = checkType;
        this.measurement = measurement;
        this.measured = measured;
    }

    /** The good's kind on the ledger. */
    public String kind() {
        return kind;
    }

    /** The stage whose goods this one consumes; null for parts. */
    public Stage input() {
        return input;
    }

    public int inputsPerGood() {
        return inputsPerGood;
    }

    public String checkType() {
        return checkType;
    }

    String measurement() {
        return measurement;
    }

    double measured() {
        return measured;
    }
}
