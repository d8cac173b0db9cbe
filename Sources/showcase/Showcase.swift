import ShowcaseCLI

/// The executable only hands the arguments to the library, where every command lives and is
/// tested. An async entry point, because `serve` runs an HTTP server.
@main
enum Showcase {
    static func main() async {
        await ShowcaseCommand.main()
    }
}
