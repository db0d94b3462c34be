/// Generates large valid workflows for benchmarks.
enum WorkflowGenerator {
    /// A workflow with `stages` stages (each needing up to two earlier ones, every third with a
    /// condition), `routes` routing rules and `slas` SLA clocks.
    static func workflow(stages: Int, routes: Int, slas: Int, name: String = "generated") -> String {
        var out = """
        ladder: 1
        workflow: \(name)
        title: Generated workflow
        fields:
          priority: { enum: [P1, P2, P3, P4], required: true }
          region: { enum: [emea, amer, apac], required: true }
          product: string
          status: { enum: [open, waiting-on-customer, resolved], default: open }
          customer.tier: { enum: [standard, gold, platinum], default: standard }
          customer.arr: { type: number, default: 0 }
          customer.email: string
        calendars:
          office:
            timezone: Europe/Berlin
            hours: { mon-fri: "08:00-12:00, 13:00-18:00" }
            holidays: [2026-12-24, 2026-12-25, 2026-12-26, 2027-01-01]
        teams:

        """
        let teamCount = max(1, routes / 4)
        for team in 0..<teamCount {
            out += "  team_\(team): { members: [p\(team)_a, p\(team)_b, p\(team)_c], calendar: office }\n"
        }
        out += "roles:\n  manager: { by: case.region, emea: marta, amer: josh, apac: keiko }\n"
        out += "levels:\n  - { name: support, owner: routing }\n  - { name: management, owner: role.manager }\n"
        out += "routing:\n"
        for route in 0..<routes - 1 {
            out += "  - name: route_\(route)\n    when: case.priority in [\"P1\", \"P2\"] and case.customer.arr > \(route * 1000) and case.product == \"product_\(route)\"\n"
            out += "    to: team.team_\(route % teamCount)\n    pick: least_loaded\n"
        }
        out += "  - name: fallback\n    to: team.team_0\n"
        out += "stages:\n"
        for stage in 0..<stages {
            out += "  stage_\(stage):\n    title: Stage number \(stage)\n"
            if stage > 0 {
                let first = stage - 1
                let second = stage > 7 ? stage - 7 : nil
                out += "    needs: [stage_\(first)\(second.map { ", stage_\($0)" } ?? "")]\n"
            }
            if stage % 3 == 1 {
                out += "    when: case.priority in [\"P1\", \"P2\"] and case.customer.tier == \"gold\" or stage.stage_\(stage - 1).done\n"
            }
            out += "    assign: \(stage % 2 == 0 ? "routing" : "team.team_\(stage % teamCount)")\n"
            if stage % 5 == 0 { out += "    sla: 30m\n" }
        }
        out += "slas:\n"
        for sla in 0..<slas {
            let stop = min(stages - 1, (sla + 1) * (stages / max(1, slas)) - 1)
            out += "  sla_\(sla):\n    stop: stage.stage_\(stop).done\n"
            out += "    pause_when: case.status == \"waiting-on-customer\"\n"
            out += "    target: { by: case.priority, P1: 400h, P2: 800h, P3: 1600h, P4: 3200h }\n"
            out += "    calendar: office\n    warn: [50%, 80%, 30m before]\n"
            out += "    on_breach:\n      - escalate: next\n      - notify: { to: [role.manager], template: breach }\n"
        }
        out += """
        notifications:
          - name: ack
            on: case.opened
            to: [customer]
            template: breach
        templates:
          breach:
            subject: "Case {{case.id}} breached"
            body: "Priority {{case.priority}}, level {{case.level}}."

        """
        return out
    }
}
