import Content
import Templates

/// Event pages: the list (upcoming and past), each year's list and each event.
extension PageContexts {
    func eventList(_ events: [Event], heading: String, url: String, split: Bool) -> TemplateFields {
        let years = index.eventYears.map { y -> TemplateValue in
            [
                "name": "\(y)年", "url": .string(urls.eventsInYear(y)), "count": .int(site.events.filter { $0.start.year == y }.count),
                "current": .bool(url == urls.eventsInYear(y)),
            ]
        }
        func cards(_ events: [Event]) -> TemplateValue { .list(events.map { .object(vm.eventCard($0, today: today)) }) }
        var c: TemplateFields = [
            "heading": .string(heading), "years": .list(years), "count": .int(events.count),
            "feed": .string(urls.file(Feeds.eventsFeedPath)), "calendar": .string(urls.file(Feeds.calendarPath)),
        ]
        if split {
            c["upcoming"] = cards(events.filter { ($0.end ?? $0.start) >= today }.sorted { $0.start < $1.start })
            c["past"] = cards(events.filter { ($0.end ?? $0.start) < today })
        } else {
            c["past"] = cards(events)
        }
        return c
    }

    func event(_ e: Event) -> (String, String?, TemplateFields) {
        var c = vm.eventCard(e, today: today)
        c["body"] = .utf8(e.source.body.htmlUTF8)
        c["organizers"] = vm.organizationRefs(e.organizers)
        c["participants"] = vm.organizationRefs(e.participants)
        c["programme"] = .list(e.programme.map { ["time": .string($0.time), "item": .string($0.item)] })
        c["stalls"] = .list(e.stalls.map { ["organization": vm.organizationRef($0.organization), "offer": .string($0.offer)] })
        c["tags"] = vm.tagRefs(e.tags)
        c["ics"] = .string(urls.file("events/\(e.slug)/\(e.slug).ics"))
        c["yearUrl"] = .string(urls.eventsInYear(e.start.year))
        return (e.title, Summary.of(e.source.body), c)
    }
}
