import Content
import Templates

/// Organization pages: the directory (all, by domain, by kind, the alliance) and each organization.
extension PageContexts {
    func organizationFacets(current: String) -> TemplateValue {
        // Organizations are read by index: filtering the list copied each one per facet.
        let orgs = site.organizations
        let domains = site.config.domains.map { d in
            (d.name, urls.organizationsInDomain(d.slug), orgs.indices.count { orgs[$0].domain == d.slug })
        }
        let kinds = OrganizationKind.allCases.map { k in
            (k.chinese, urls.organizationsOfKind(k), orgs.indices.count { orgs[$0].kind == k })
        }
        return [
            "domains": vm.facet(domains, current: current), "kinds": vm.facet(kinds, current: current),
            "allUrl": .string(urls.section("organizations")), "allianceUrl": .string(urls.allianceMembers),
            "allCount": .int(orgs.count), "allianceCount": .int(orgs.indices.count { orgs[$0].allianceMember }),
            "allCurrent": .bool(current == urls.section("organizations")), "allianceCurrent": .bool(current == urls.allianceMembers),
        ]
    }

    func organizationList(_ include: (Organization) -> Bool, heading: String, url: String) -> TemplateFields {
        let orgs = site.organizations
        // Keys taken once, by index: comparing entries copied two organizations per comparison.
        let included = orgs.indices.filter { include(orgs[$0]) }
        let keys = included.map { (orgs[$0].kind.rawValue, orgs[$0].registered?.epochSeconds ?? .max, orgs[$0].slug) }
        let sorted = included.indices.sorted { keys[$0] < keys[$1] }.map { included[$0] }
        return [
            "heading": .string(heading), "count": .int(sorted.count), "organizations": .list(sorted.map { cards.organizations[$0] }),
            "facets": organizationFacets(current: url),
        ]
    }

    func organization(_ i: Int) -> (String, String?, TemplateFields) {
        let o = site.organizations[i]
        var c = cards.organizationFields[i]
        c["body"] = .utf8(o.source.body.htmlUTF8)
        c["registered"] = .text(o.registered?.chinese)
        c["supervisor"] = .text(o.supervisor)
        c["allianceSince"] = .text(o.allianceSince?.chinese)
        c["services"] = .list(o.services.map(TemplateValue.string))
        c["tags"] = vm.tagRefs(o.tags)
        let website = o.contact.website.flatMap { LocalPath.resolve($0) == .external && $0.contains("://") ? $0 : nil }
        c["contact"] =
            o.contact.isEmpty
            ? false
            : [
                "address": .text(o.contact.address), "phone": .text(o.contact.phone),
                "tel": .string("tel:" + (o.contact.phone ?? "").filter { $0.isNumber || $0 == "+" }),
                "website": .text(website), "wechat": .text(o.contact.wechat),
            ]
        c["projects"] = .list((index.projectsByOrganization[o.slug] ?? []).map { .object(cards.projectFields[$0]) })
        c["events"] = .list((index.eventsByOrganization[o.slug] ?? []).map { .object(vm.eventCard(site.events[$0], today: today)) })
        c["articles"] = .list((index.articlesByOrganization[o.slug] ?? []).map { cards.articles[$0] })
        return (o.name, Summary.of(o.source.body), c)
    }
}
