"""Plain-language Chinese names of the ruleset parameters (issue 18 item 4): the public rules
pages show these, not keys such as ``pool.registration_window``. ``{level}`` and ``{list_type}``
are filled with the level's and list type's labels (市级, 绿色工厂 …)."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from greenmfg.core.vocabulary import Level, ListType

NAMES = {
    "list_types": _("开展培育的名单类别"),
    "levels_published": _("本辖区公布的名单层级"),
    "list_title.{level}": _("{level}名单的名称"),
    "platform.portal": _("企业登记使用的平台"),
    "pool.keeper": _("培育库由谁建立"),
    "pool.filed_with": _("培育库向哪一级备案"),
    "pool.registration_window": _("培育入库登记时间"),
    "pool.review_steps": _("入库登记的审核环节"),
    "pool.validity_years": _("培育对象有效期（年）"),
    "pool.required_for_application": _("须先入库培育才能申报"),
    "entry.location": _("注册地和生产地要求"),
    "entry.manufacturing_enterprise": _("须为独立法人的制造型企业"),
    "entry.clean_production_certified": _("须为有效期内的清洁生产企业"),
    "entry.energy_benchmark": _("能效须达到标杆水平或限额先进值"),
    "entry.design_product.product_standard": _("绿色设计产品须有评价标准"),
    "entry.park.industrial_value_added_share_min": _("园区工业增加值占比下限（%）"),
    "entry.park.cultivation_plan": _("园区须发布绿色工厂培育计划"),
    "entry.park.min_park_level_for_upper_lists": _("申报上级名单的园区级别要求"),
    "entry.supply_chain.supplier_plan": _("须有供应商绿色工厂培育计划"),
    "entry.supply_chain.green_factory_expected": _("供应链主导企业宜为绿色工厂"),
    "evaluation.routes": _("评价报告的出具方式"),
    "evaluation.self_only_list_types": _("只做自评价的名单类别"),
    "evaluation.paper_copy_to": _("纸质评价报告报送对象"),
    "evaluation.standard.{list_type}": _("{list_type}的评价指标体系"),
    "evaluation.review_method": _("评价报告的审核方式"),
    "evaluation.provincial_reviewer_independent": _("省级评审专家须回避本省评价"),
    "priority.energy_benchmark": _("能效达标杆水平的优先推荐"),
    "selection.{level}.application_window": _("{level}申报时间"),
    "selection.{level}.review_steps": _("{level}申报的审核环节"),
    "selection.{level}.recommendation_deadline": _("向{level}推荐的截止日期"),
    "selection.{level}.deadline_set_by_notice": _("{level}推荐截止日期由当年通知确定"),
    "selection.{level}.prerequisite_listing": _("申报{level}须先列入的下级名单"),
    "selection.{level}.min_grade": _("推荐进入{level}的最低等级"),
    "selection.{level}.direct_reapplication": _("{level}评审未通过可直接重新申报"),
    "selection.{level}.principle": _("{level}遴选原则"),
    "scoring.{level}.pass_mark": _("{level}名单最低分数"),
    "scoring.{level}.grades": _("{level}评审给出的等级"),
    "scoring.{level}.grade_bands": _("{level}各等级的最低分数"),
    "expert_review.{level}.experts": _("{level}每份申报的评审专家人数"),
    "expert_review.{level}.aggregation": _("{level}专家评分的汇总方式"),
    "expert_review.{level}.conflict_rules": _("{level}专家回避规则"),
    "stars.{level}": _("列入{level}名单的星级"),
    "consultation.{level}.departments": _("推荐{level}前征求意见的部门"),
    "consultation.{level}.response_days": _("推荐{level}前征求意见的答复期限（天）"),
    "quotas.national.{list_type}": _("国家级{list_type}推荐名额"),
    "public_notice.{level}.length": _("{level}公示期长度"),
    "public_notice.{level}.unit": _("{level}公示期的计算单位"),
    "public_notice.{level}.where": _("{level}公示的发布渠道"),
    "public_notice.count_start_day": _("公示期是否从发布当日起算"),
    "public_notice.extend_past_holiday": _("公示期末日遇节假日顺延"),
    "disqualification.lookback_years": _("不得申报情形的追溯年限"),
    "disqualification.conditions": _("不得申报的情形"),
    "disqualification.includes_park_members": _("园区内企业的情形也计入园区"),
    "fraud.applicant_ban_years": _("弄虚作假的申报禁止年限"),
    "dynamic.annual_report_deadline": _("年度动态管理表报送截止日期"),
    "dynamic.filing_levels": _("动态管理表的填报层级"),
    "dynamic.filing_officer_training_required": _("填报人员须参加培训"),
    "dynamic.reviewed_by": _("动态管理表的审核机关"),
    "dynamic.incident_report_days": _("发生事故后的报告期限（天）"),
    "dynamic.change_report": _("名称、范围等变更须报告"),
    "dynamic.change_report_months": _("变更报告期限（月）"),
    "dynamic.spot_checks_by": _("抽查由谁组织"),
    "dynamic.reminder_days": _("动态管理提醒提前天数"),
    "dynamic.change_reviewed_by": _("变更的审核机关"),
    "removal.annual_causes": _("年度移出名单的情形"),
    "removal.immediate_causes": _("立即移出名单的情形"),
    "removal.immediate_from_all_levels": _("立即移出时同时移出各级名单"),
    "agency.project_cap": _("第三方机构年度评价项目上限"),
    "agency.cap_period": _("评价项目上限的计算期间"),
    "agency.cap_counts_level": _("评价项目上限计入的名单层级"),
    "agency.distrust_years": _("第三方机构不予采信的年限"),
    "agency.annual_report_deadline": _("第三方机构年度工作情况报送截止日期"),
    "complaints.to": _("投诉举报的受理机关"),
    "complaints.real_name": _("投诉举报须实名"),
    "complaints.verification_days": _("投诉举报的核实期限（天）"),
    "incentives.green_code": _("绿色制造名单企业赋码"),
    "incentives.one_time_reward": _("一次性奖励"),
    "agency.cap_scope": _("评价项目上限的计算范围"),
    "dynamic.incident_report_to": _("事故和环境事件的报告对象"),
    "removal.upper_lists_reported_to": _("涉及上级名单的移出向谁报告"),
    "priority.network_green_factories": _("园区内企业或供应商中绿色工厂多的优先"),
    "priority.epr_pilot": _("汽车产品生产者责任延伸试点企业优先"),
    "green_code.levels": _("企业绿码的分级"),
    "green_code.grade_shares": _("企业绿码各级的比例"),
    "green_code.min_group_units": _("行业内评级的最少单位数"),
    "green_code.effective_after_days": _("企业绿码在填报截止后生效的天数"),
}

_PATTERNS = [
    (
        re.compile(
            "^"
            + re.escape(p)
            .replace(r"\{level\}", "(?P<level>[a-z_]+)")
            .replace(r"\{list_type\}", "(?P<list_type>[a-z_]+)")
            + "$"
        ),
        name,
    )
    for p, name in NAMES.items()
]


def parameter_name(key: str) -> str:
    """The Chinese (or English) name of a ruleset parameter ``key``; the key itself when the
    parameter has no name yet (a new one)."""
    for pattern, name in _PATTERNS:
        m = pattern.match(key)
        if not m:
            continue
        parts = m.groupdict()
        fill = {}
        if "level" in parts:
            fill["level"] = (
                Level(parts["level"]).label if parts["level"] in Level.values else parts["level"]
            )
        if "list_type" in parts:
            lt = parts["list_type"]
            fill["list_type"] = ListType(lt).label if lt in ListType.values else lt
        return str(name).format(**fill)
    return key
