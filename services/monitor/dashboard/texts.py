"""Every label the dashboard shows, in Chinese and English (GLOSSARY.md's words)."""

TEXTS: dict[str, tuple[str, str]] = {
    "title": ("防止返贫动态监测", "Poverty-relapse monitoring"),
    "overview": ("一张图", "Overview"),
    "live": ("实时预警", "Live alerts"),
    "alerts": ("预警列表", "Alerts"),
    "household": ("农户", "Household"),
    "sign_in": ("登录", "Sign in"),
    "sign_out": ("退出", "Sign out"),
    "token": ("操作员令牌", "Operator token"),
    "token_help": ("粘贴管理员发给您的令牌（OPERATOR_TOKENS）。", "Paste the token your administrator gave you (OPERATOR_TOKENS)."),
    "bad_token": ("令牌无效，请重新输入。", "That token is not valid; try again."),
    "signed_in_as": ("当前操作员", "Signed in as"),
    "last_30_days": ("近30天预警（按县市、颜色）", "Alerts of the last 30 days by county and colour"),
    "trend": ("每日新增预警", "New alerts per day"),
    "monitored": ("监测中的农户", "Households under monitoring"),
    "tasks_by_department": ("各部门任务（未完成 / 逾期）", "Tasks by department (open / overdue)"),
    "department": ("部门", "Department"),
    "open": ("未完成", "Open"),
    "overdue": ("逾期", "Overdue"),
    "county": ("县市", "County"),
    "colour": ("颜色", "Colour"),
    "status": ("状态", "Status"),
    "all": ("全部", "All"),
    "raised_at": ("预警时间", "Raised"),
    "business_time": ("业务时间", "Business time"),
    "person": ("人员", "Person"),
    "explanation": ("说明", "Explanation"),
    "no_alerts": ("暂无预警", "No alerts"),
    "waiting": ("等待新预警……", "Waiting for new alerts…"),
    "connected": ("已连接", "Connected"),
    "timeline": ("时间线", "Timeline"),
    "factors": ("风险因素", "Factors"),
    "evidence": ("证据", "Evidence"),
    "tasks": ("任务（一户一策）", "Tasks (plan)"),
    "due": ("截止日期", "Due"),
    "members": ("家庭成员", "Members"),
    "resident_id": ("身份证号", "Resident ID"),
    "relation": ("与户主关系", "Relation"),
    "active": ("有效", "Active"),
    "inactive": ("已解除", "Cleared"),
    "kind": ("类型", "Kind"),
    "detail": ("详情", "Detail"),
    "task_type": ("任务类型", "Task type"),
    "total": ("合计", "Total"),
    "red": ("红色", "Red"), "orange": ("橙色", "Orange"), "yellow": ("黄色", "Yellow"), "green": ("绿色", "Green"),
    "st_raised": ("已预警", "Raised"), "st_verifying": ("核实中", "Verifying"), "st_confirmed": ("已纳入", "Confirmed"),
    "st_dismissed": ("已排除", "Dismissed"), "st_assisted": ("帮扶中", "Assisted"),
    "st_risk_eliminated": ("风险消除", "Risk eliminated"), "st_followed_up": ("已回访", "Followed up"),
    "st_reopened": ("重新打开", "Reopened"),
    "st_assigned": ("已分派", "Assigned"), "st_acknowledged": ("已接收", "Acknowledged"), "st_completed": ("已完成", "Completed"),
}
STATUSES = ("raised", "verifying", "confirmed", "dismissed", "assisted", "risk_eliminated", "followed_up", "reopened")
LEVELS = ("red", "orange", "yellow")


def text(key: str, lang: str) -> str:
    """The label `key` in `lang`; the key itself when no label is known (a new status shows, not breaks)."""
    pair = TEXTS.get(key)
    return key if pair is None else pair[1 if lang == "en" else 0]
