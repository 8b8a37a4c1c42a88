"""MTH — 定方式: channels, mode and audience from the standard vocabularies and consistent."""
from __future__ import annotations

from gongkai.catalog import vocab
from gongkai.rules.engine.finding import Flag
from gongkai.rules.engine.registry import family, rule

family("MTH", "定方式 method")

# Channels that broadcast to everyone; information given only on request does not go there.
BROADCAST = {"政府网站", "政府公报", "两微一端", "广播电视", "纸质媒体"}
TARGETED = {"精准推送", "入户/现场", "社区/企事业单位/村公示栏(电子屏)", "便民服务站", "政务服务中心", "公开查阅点"}
_CHANNELS, _MODES, _AUDIENCES = frozenset(vocab.CHANNELS), frozenset(vocab.MODES), frozenset(vocab.AUDIENCES)
_LEVELS, _STAGES = frozenset(vocab.LEVELS), frozenset(vocab.STAGES)


@rule("MTH001", "channel-unknown", severity="warning", scope="item")
def channel_unknown(item, ctx, domain):
    """A channel is not one of the 13 standard 公开渠道和载体.

    Why: the guidelines fix 13 channels (政府网站 … 其他); local names (纸质载体, 行政服务中心)
    should map onto them so that assessors and statistics compare like with like. Domain
    platforms belong under 其他 with a note.
    Fails: `channels = ["行政服务中心"]`.
    Passes: `channels = ["政务服务中心"]`.
    """
    for ch in sorted(item.method.channels - _CHANNELS):
        yield Flag(f"channel {ch!r} is not in the standard list of 13", zh=f"公开渠道“{ch}”不在13种标准渠道中", hint_zh="可选：" + "、".join(vocab.CHANNELS), field="method.channels",
                   hint="use one of: " + "、".join(vocab.CHANNELS))


@rule("MTH002", "proactive-not-on-website", severity="warning", scope="item")
def proactive_not_on_website(item, ctx, domain):
    """A proactive (主动) item for the whole society is not disclosed on the government website.

    Why: 条例 第二十三条 and 国办公开办函〔2019〕61号 make the 政府网站 / 政府信息公开平台 the
    first channel for proactive disclosure; other channels add to it.
    Fails: `mode = ["主动"]`, `audience = ["全社会"]`, `channels = ["公开查阅点"]`.
    Passes: `channels = ["政府网站", "公开查阅点"]`.
    """
    m = item.method
    if "主动" in m.mode and "全社会" in m.audience and m.channels and "政府网站" not in m.channels:
        yield Flag("proactive item for 全社会 is not on 政府网站", zh="面向全社会主动公开的事项未在政府网站公开", field="method.channels")


@rule("MTH003", "on-request-broadcast", severity="warning", scope="item")
def on_request_broadcast(item, ctx, domain):
    """An item disclosed only on request (依申请) lists broadcast channels.

    Why: 依申请 information is given to the applicant (条例 第二十七条, 第四十条); listing
    政府网站 or 政府公报 for it means either the mode or the channels are wrong.
    Fails: `mode = ["依申请"]`, `channels = ["政府网站"]`.
    Passes: `mode = ["主动", "依申请"]`, or channels such as 政务服务中心.
    """
    m = item.method
    if m.mode == {"依申请"}:
        wide = sorted(m.channels & BROADCAST)
        if wide:
            yield Flag(f"依申请-only item lists broadcast channels {'、'.join(wide)}", zh=f"仅依申请公开的事项却列了广泛发布渠道：{'、'.join(wide)}", field="method.mode")


@rule("MTH004", "targeted-audience-mass-channels", severity="info", scope="item")
def targeted_audience_mass_channels(item, ctx, domain):
    """An item for a specific group only (特定群体) is disclosed only through mass channels.

    Why: information for 特定群体 (e.g. recipients of assistance) often includes personal data
    and is shown on notice boards or pushed to the people concerned, not only on the website.
    Fails: `audience = ["特定群体"]`, `channels = ["政府网站"]`.
    Passes: `channels = ["政府网站", "精准推送"]`.
    """
    m = item.method
    if m.audience == {"特定群体"} and m.channels and not (m.channels & TARGETED):
        yield Flag("特定群体-only item has no targeted channel (精准推送, 公示栏, 入户/现场 …)", zh="仅面向特定群体的事项没有定向渠道（精准推送、公示栏、入户/现场等）",
                   field="method.channels")


@rule("MTH005", "method-vocabulary", severity="error", scope="item")
def method_vocabulary(item, ctx, domain):
    """公开方式, 公开对象, 公开层级 or 五公开 hold a value outside their vocabulary.

    Why: these are tick columns in the standard tables; a value outside them (e.g. 特定群众
    left unnormalised) breaks selection and statistics.
    Fails: `method.audience = ["特定群众"]`.
    Passes: `method.audience = ["特定群体"]`.
    """
    m = item.method
    if m.mode <= _MODES and m.audience <= _AUDIENCES and item.levels <= _LEVELS and item.stages <= _STAGES:
        return  # the common case: every value in its vocabulary
    checks = (("method.mode", m.mode, vocab.MODES), ("method.audience", m.audience, vocab.AUDIENCES),
              ("levels", item.levels, vocab.LEVELS), ("stages", item.stages, vocab.STAGES))
    for field_name, values, allowed in checks:
        for v in sorted(set(values) - set(allowed)):
            yield Flag(f"{v!r} is not one of {'、'.join(allowed)}", zh=f"“{v}”不是可选值（{'、'.join(allowed)}）", field=field_name)
