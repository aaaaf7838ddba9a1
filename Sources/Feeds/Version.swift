/// The version of cartagena, in one place: `cartagena --version`, the `PRODID` of every feed
/// (`-//cartagena//cartagena 0.1.0//EN`) and the README (checked by its doc test) all read it.
public enum CartagenaVersion {
    public static let current = "0.1.0"
    /// `PRODID` of every feed: the product that wrote it (RFC 5545 3.7.3), the same for any programme.
    public static let prodID = "-//cartagena//cartagena \(current)//EN"
}
