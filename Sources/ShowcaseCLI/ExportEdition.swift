import ArgumentParser
import Content
import Diagnostics
import Edition
import Site

/// `showcase export --edition zh-Hant`: the articles in Traditional Chinese, converted as the
/// site's Traditional edition is (its variant and terms when `site.yaml` has one; Taiwan usage
/// otherwise). Links to the site's pages go to the Traditional pages.
enum ExportEdition: String, ExpressibleByArgument, CaseIterable {
    case simplified = "zh-Hans"
    case traditional = "zh-Hant"

    /// The content to export; the column asked for is converted with it, so `--column 妇儿之窗`
    /// still names the column.
    func content(_ site: SiteContent, column: String?) throws -> (SiteContent, column: String?) {
        guard self == .traditional else { return (site, column) }
        let edition = site.config.traditional ?? TraditionalEdition()
        guard let converter = TraditionalConverter(edition) else {
            throw OptionError(BuildProblem.openCCUnavailable(config: TraditionalConverter.configPath(edition.variant)))
        }
        return (TraditionalSite.convert(site, with: converter, parts: .trees), column.map(converter.text))
    }
}
